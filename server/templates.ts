/** The templates a board can be created from. Provisional until boards/ lands: no templates yet. */
export const boardTemplates = {
  ids: [] as readonly string[],
  initialUpdate(templateId: string, _title: string): Uint8Array {
    throw new Error(`unknown template ${templateId}`);
  },
};
