// The track record's head hash at the end of the report's day, printed in the report so a record
// edited later no longer matches what subscribers saw.
export { chainHeadAt as reportChainHead } from "../track-record/track-record";
