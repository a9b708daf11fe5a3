/** Days in `years` of retention, counting leap days so a "7 year" rule never expires data early. */
export function retentionDays(years: number): number {
  return Math.ceil(years * 365.25);
}
