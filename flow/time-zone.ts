/**
 * Whether `zone` is an IANA time zone this runtime knows (Europe/Rome yes, "Rome" no): checked
 * when a flow is saved, so a node's default zone is not found wrong only when it runs.
 */
export function knownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
