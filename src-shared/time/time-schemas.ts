// Times of day and time zones as the contract takes them (quiet hours, posting slots,
// approvers' zones): one definition, so every transport refuses the same bad input.
import { z } from 'zod';

/** HH:MM on a 24-hour clock. */
export const ClockTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use HH:MM on a 24-hour clock, e.g. 22:00.');

/** A valid IANA time zone name (as Intl knows them). */
export const TimeZoneSchema = z
  .string()
  .min(1)
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'Not a time zone Clipdesk knows; use a name such as Europe/Berlin or America/New_York.');
