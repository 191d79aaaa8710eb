import { usePrivacyText } from './privacy-text';
import { CONSENT_SCOPES, type ConsentDecision, type ConsentScope } from './privacy-types';

const CHANNELS = [
  'intake',
  'online_booking',
  'webshop_order',
  'email',
  'contact_form',
  'desk',
  'privacy_portal',
] as const;
type Channel = (typeof CHANNELS)[number];
const isScope = (value: string): value is ConsentScope =>
  (CONSENT_SCOPES as readonly string[]).includes(value);
const isChannel = (value: string): value is Channel => (CHANNELS as readonly string[]).includes(value);

/** Names for consent scopes, decisions and channels in the active language. */
export function useConsentLabels() {
  const tp = usePrivacyText();
  return {
    // A scope added on the server before it has a name here shows as it is, not as a key.
    scope: (scope: string) => (isScope(scope) ? tp(`scope.${scope}`) : scope),
    decision: (decision: ConsentDecision) => tp(`decision.${decision}`),
    channel: (channel: string) => (isChannel(channel) ? tp(`channel.${channel}`) : channel),
  };
}
