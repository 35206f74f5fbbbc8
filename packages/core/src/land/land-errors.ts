/** Refused land-valuation or auction input, in Chinese and English (the API answers 400 with these texts). */
export class LandInputError extends Error {
  override readonly name = 'LandInputError';
  constructor(
    readonly messageZh: string,
    readonly messageEn: string,
  ) {
    super(messageEn);
  }
}
