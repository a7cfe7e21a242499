/** The TypeScript route table for an OpenAPI document. */
export function generateSchemaSource(document: unknown): Promise<string>;
