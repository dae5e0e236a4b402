/** Picks the form of a word that fits a count, by the language's own plural rules. */
export type PluralForms = { one: string; other: string };

/** `pluralOf('de')(2, { one: 'Gerät', other: 'Geräte' })` is "Geräte". */
export function pluralOf(locale: string): (count: number, forms: PluralForms) => string {
  const rules = new Intl.PluralRules(locale);
  return (count, forms) => (rules.select(count) === 'one' ? forms.one : forms.other);
}
