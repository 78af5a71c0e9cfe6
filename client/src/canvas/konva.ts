/**
 * react-konva with only the Konva shapes the board draws. The package's default entry registers every
 * shape and filter Konva has; this keeps the bundle (and its parse time on a slow laptop) smaller.
 */
import 'konva/lib/shapes/Circle.js';
import 'konva/lib/shapes/Label.js';
import 'konva/lib/shapes/Path.js';
import 'konva/lib/shapes/Rect.js';
import 'konva/lib/shapes/Text.js';
import 'konva/lib/shapes/Transformer.js';

export { Circle, Group, Label, Layer, Path, Rect, Stage, Tag, Text, Transformer } from 'react-konva/lib/ReactKonvaCore.js';
