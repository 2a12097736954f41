export interface Options {
  strict: boolean;
}
export function parseConfig(text: string): Options {
  return { strict: text.length > 0 };
}
