import { Alert, Button, FileInput, Group, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiPost } from '../../shared/api';
import { useClinicTime } from '../../shared/clinic-time';
import { isoToWallClock, wallClockToIso } from '../../shared/zoned-time';
import { dossierKeys } from './dossier-types';
import { fieldError, formErrorText } from './form-helpers';
import { parseEml } from './parse-eml';

const MAX_EML_CHARS = 2_000_000;

/** An e-mail from the client, pasted or picked as an .eml file (kept whole in the dossier). */
export function EmailForm({ clientId, onDone }: { clientId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const time = useClinicTime();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [eml, setEml] = useState<string | null>(null);
  const [fileProblem, setFileProblem] = useState<string>();
  const [from, setFrom] = useState('');
  const [subject, setSubject] = useState('');
  const [text, setText] = useState('');
  const [receivedAt, setReceivedAt] = useState(() => isoToWallClock(new Date().toISOString(), time.timeZone));
  const [missing, setMissing] = useState<{ from?: boolean; text?: boolean; receivedAt?: boolean }>({});
  const record = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      apiPost<{ id: string }>(`/api/clients/${encodeURIComponent(clientId)}/emails`, body),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: dossierKeys.dossier(clientId) });
      onDone();
    },
  });

  async function pick(picked: File | null) {
    setFile(picked);
    setFileProblem(undefined);
    setEml(null);
    if (!picked) return;
    const raw = await picked.text();
    if (raw.length > MAX_EML_CHARS) {
      setFileProblem(t('dossier.emlTooLarge'));
      return;
    }
    const parsed = parseEml(raw);
    if (!parsed.from && !parsed.subject && !parsed.date) {
      setFileProblem(t('dossier.emlUnreadable'));
      return;
    }
    setEml(raw);
    if (parsed.from) setFrom(parsed.from);
    if (parsed.subject !== undefined) setSubject(parsed.subject);
    if (parsed.text !== undefined) setText(parsed.text);
    if (parsed.date) setReceivedAt(isoToWallClock(parsed.date, time.timeZone));
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const at = wallClockToIso(receivedAt, time.timeZone);
    const nowMissing = { from: from.trim() === '', text: text.trim() === '' && !eml, receivedAt: !at };
    setMissing(nowMissing);
    if (nowMissing.from || nowMissing.text || nowMissing.receivedAt || fileProblem) return;
    record.mutate({ from: from.trim(), subject: subject.trim(), text: text.trim(), eml, receivedAt: at });
  }

  const errorOf = fieldError(t, record.error);
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {record.isError && (
          <Alert color="red" variant="light" role="alert" title={t('dossier.saveFailed')}>
            {formErrorText(t, record.error)}
          </Alert>
        )}
        <Text size="sm">{t('dossier.emailIntro')}</Text>
        <FileInput
          label={t('dossier.emlFile')}
          description={t('dossier.emlFileDescription')}
          placeholder={t('dossier.emlFilePlaceholder')}
          accept=".eml,message/rfc822"
          value={file}
          onChange={(picked) => void pick(picked)}
          clearable
          clearButtonProps={{ 'aria-label': t('common.clear') }}
          error={fileProblem ?? errorOf('eml')}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            label={t('dossier.emailFrom')}
            type="email"
            inputMode="email"
            autoComplete="off"
            required
            value={from}
            onChange={(e) => setFrom(e.currentTarget.value)}
            error={missing.from ? t('fieldError.required') : errorOf('from')}
          />
          <TextInput
            type="datetime-local"
            label={t('dossier.receivedAt')}
            description={t('dossier.timeZone', { zone: time.timeZone })}
            required
            value={receivedAt}
            onChange={(e) => setReceivedAt(e.currentTarget.value)}
            error={missing.receivedAt ? t('fieldError.date') : errorOf('receivedAt')}
          />
        </SimpleGrid>
        <TextInput
          label={t('dossier.emailSubject')}
          autoComplete="off"
          maxLength={500}
          value={subject}
          onChange={(e) => setSubject(e.currentTarget.value)}
          error={errorOf('subject')}
        />
        <Textarea
          label={t('dossier.emailText')}
          required={!eml}
          autosize
          minRows={4}
          maxRows={16}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          error={missing.text ? t('fieldError.required') : errorOf('text')}
        />
        <Group gap="sm">
          <Button type="submit" loading={record.isPending}>
            {t('dossier.saveEmail')}
          </Button>
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
