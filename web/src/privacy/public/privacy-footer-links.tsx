import { Anchor } from '@mantine/core';
import { Link } from 'react-router';
import { usePrivacyText } from '../privacy-text';

/** The public footer's links to the privacy statement and to "My data". */
export function PrivacyFooterLinks() {
  const tp = usePrivacyText();
  return (
    <>
      <Anchor component={Link} to="/privacy" size="sm">
        {tp('footerLink')}
      </Anchor>
      <Anchor component={Link} to="/privacy-portal" size="sm">
        {tp('footerPortal')}
      </Anchor>
    </>
  );
}
