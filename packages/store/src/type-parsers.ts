// Both engines return the same plain values: numeric as exact decimal strings (never floats), bigint as decimal
// strings (ids and counts), date as 'YYYY-MM-DD'. timestamptz stays a Date (the API turns it into an ISO string).

/** Postgres type OIDs whose text form is returned unchanged. */
export const TEXT_AS_IS_OIDS: readonly number[] = [
  1700, // numeric
  20, // int8 (bigint, count(*))
  1082, // date
];

export const keepText = (value: string): string => value;
