/** Small building blocks shared by the record schemas. */
import { z } from 'zod';

export const Id = z.string().min(1).max(128);
export const Coordinate = z.number().finite().min(-1e7).max(1e7);
export const Size = z.number().finite().positive().max(1e6);
/** Milliseconds since the epoch, as written by the writer's (or the server's) clock. */
export const Timestamp = z.number().finite().nonnegative();
export const ShortText = z.string().max(500);
export const LongText = z.string().max(20_000);
