/** The words a content search looks for: runs of letters and digits, lowercased; punctuation separates them. */
export function searchWords(search: string): string[] {
  return search.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}
