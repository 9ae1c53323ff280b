/** Every distinct attribution of the areas shown, joined: what a footer under them must say. */
export function joinAttributions(attributions: ReadonlyArray<string | null | undefined>): string {
  return [...new Set(attributions.filter((a): a is string => !!a))].sort().join('; ');
}
