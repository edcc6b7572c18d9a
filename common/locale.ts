/** The canonical form of a BCP 47 locale tag ("de-de" → "de-DE"), or null when it is not one. */
export function canonicalLocale(tag: string): string | null {
  try {
    const [canonical, ...rest] = Intl.getCanonicalLocales(tag);
    return canonical && rest.length === 0 ? canonical : null;
  } catch {
    return null;
  }
}
