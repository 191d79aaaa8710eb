import { Button, CopyButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Copies a value to the clipboard and says so (the button text changes, read by screen readers). */
export function CopyTextButton({ value, label }: { value: string; label: string }) {
  const { t } = useTranslation();
  return (
    <CopyButton value={value} timeout={2500}>
      {({ copied, copy }) => (
        <Button
          variant="light"
          size="compact-sm"
          w="fit-content"
          color={copied ? 'teal' : undefined}
          onClick={copy}
          aria-live="polite"
        >
          {copied ? t('common.copied') : label}
        </Button>
      )}
    </CopyButton>
  );
}
