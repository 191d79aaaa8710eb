import { Alert, Button, Checkbox, Group, Stack, TagsInput, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { fieldErrorText, namesAnyField } from '../../shared/field-errors';
import { filledText, useSchemaForm } from '../../shared/form';
import { requestErrorKey } from '../../shared/request-error';
import type { Device } from './catalogue-query';

interface DeviceFormProps {
  device?: Device;
  pending: boolean;
  error: unknown;
  onSubmit: (body: Record<string, unknown>) => void;
  onCancel: () => void;
}

const deviceSchema = z.object({
  name: filledText(200),
  settings: z.array(z.string().trim()).max(50),
  active: z.boolean(),
});

/** A device and the names of its settings; a report then asks one value per setting. */
export function DeviceForm({ device, pending, error, onSubmit, onCancel }: DeviceFormProps) {
  const { t } = useTranslation();
  const {
    form,
    field,
    onSubmit: submit,
  } = useSchemaForm(
    deviceSchema,
    { name: device?.name ?? '', settings: device?.settings ?? [], active: device?.active ?? true },
    error,
  );
  const { settings } = form.getValues();
  const settingsField = field('settings');
  const settingsError =
    settingsField.error ?? settings.map((_, i) => fieldErrorText(t, error, `settings.${i}`)).find(Boolean);
  return (
    <form
      onSubmit={submit((values) =>
        onSubmit({
          name: values.name,
          settings: values.settings,
          ...(device ? { active: values.active } : {}),
        }),
      )}
      noValidate
    >
      <Stack gap="sm">
        {error !== null && error !== undefined && (
          <Alert color="red" variant="light" role="alert" title={t('catalogue.saveFailed')}>
            {namesAnyField(error, ['name', 'settings', 'active', ...settings.map((_, i) => `settings.${i}`)])
              ? t('clients.checkFields')
              : t(requestErrorKey(error))}
          </Alert>
        )}
        <TextInput label={t('catalogue.name')} required autoComplete="off" {...field('name')} />
        <TagsInput
          label={t('catalogue.settings')}
          description={t('catalogue.settingsDescription')}
          placeholder={t('catalogue.settingsPlaceholder')}
          {...settingsField}
          acceptValueOnBlur
          splitChars={[';']}
          maxTags={50}
          clearable
          clearButtonProps={{ 'aria-label': t('common.clear') }}
          error={settingsError}
        />
        {device && (
          <Checkbox
            label={t('catalogue.activeLabel')}
            description={t('catalogue.activeDescription')}
            {...field('active', { checkbox: true })}
          />
        )}
        <Group gap="sm">
          <Button type="submit" loading={pending}>
            {t('catalogue.save')}
          </Button>
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
