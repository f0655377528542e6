// The track record's head hash as of a moment, printed in the daily report so a record edited
// later no longer matches what subscribers saw. No chain yet: null.
export async function reportChainHead(_at: Date): Promise<string | null> {
  return null;
}
