// Posts that are recognisably not signals nor events — recaps, VIP teasers, entry reminders,
// adverts — told apart by linear regexes on the marked, normalised text.

export const SUMMARY =
  /\blast \d{1,3} ?(?:hours?|hrs?|h|days?|d|weeks?) (?:results?|performance|report|recap)|\b(?:daily|weekly|monthly|today's|yesterday's|today|yesterday) (?:results?|report|performance|recap|summary)\b|\bwin ?rate\b|\bsignal calls\b|\bresults? (?:summary|recap)\b|\btotal (?:profit|signals|calls)\b|\baccuracy ?:/;
export const TEASER =
  /\bdetails (?:are )?(?:visible|available|shown|only) (?:for|to|in)\b|\bnew #?crypto #?signal open\b|\b(?:vip|premium) members only\b|\bunlock (?:the )?(?:full )?signal\b/;
/** Also Cornix's fill notices: "Entry target 1 ✅" (or "… reached"), "All entry targets achieved". */
export const REMINDER =
  /\b(?:near|nearing|approaching|close to|reached|touched|hit|entering) (?:the |our )?entry\b|\bentry (?:zone |point |price )?(?:reached|hit|touched|filled|activated|triggered)\b|\bentry target ?#?\d{1,2}(?= ?(?:\n|$)| (?:is |was )?(?:reached|hit|filled|done|achieved|touched|triggered)\b)|\ball (?:the )?entry targets (?:are |were |have been )?(?:achieved|reached|hit|filled|done|completed)\b/;
/** Wording only an advert uses: it outranks an event phrase, though not a complete signal. */
export const STRONG_AD =
  /\b(?:giveaway|referral|ref link|promo ?code|discount|sign ?up|airdrop|free (?:vip|trial|signals?|access|membership)|limited (?:offer|time|spots|seats)|indicator|bonus|coupon)\b|\d ?% off\b/;
/** Wording real posts also use ("join our VIP"): it decides only posts nothing more specific claimed. */
export const WEAK_AD = /\b(?:join|subscribe|register|contact|dm (?:me|us)|link in bio|vip access)\b|t\.me\//;
