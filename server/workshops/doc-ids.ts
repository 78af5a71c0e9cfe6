/** The document-id scheme lives in shared/protocol/doc-ids.ts, where the client reads it too. */
export { docIds, parseDocId, type ParsedDocId } from '../../shared/protocol/doc-ids.ts';
