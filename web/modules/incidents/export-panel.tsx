/**
 * The GBVIMS Incident Recorder export (issue 3 part 10) for 'incidents.export'. SES-1: the
 * password is confirmed first (POST /api/auth/reauthenticate), then the file is fetched and
 * saved through a Blob under the server's neutral file name. Nothing is kept: the object URL
 * is revoked at once and the password is forgotten after use.
 * testids: export-open, export-form, export-format, export-language, export-password,
 *   export-submit, export-cancel, export-done
 */
import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../../app/api';
import { describeError, fieldError } from '../../app/errors';
import { useI18n } from '../../app/i18n';
import { useAction } from '../../app/use-load';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { SelectField, TextField } from '../../ui/field';

/** The file name from Content-Disposition; a neutral default otherwise. */
function fileNameOf(response: Response, format: string): string {
  const header = response.headers.get('content-disposition') ?? '';
  const match = /filename="?([^";]+)"?/i.exec(header);
  return match?.[1] ?? `weft-export.${format}`;
}

async function download(format: string, lang: string): Promise<string> {
  const response = await fetch(`/api/incidents/export?format=${encodeURIComponent(format)}&lang=${encodeURIComponent(lang)}`, {
    credentials: 'same-origin',
    cache: 'no-store',
  });
  if (!response.ok) {
    const error = await response
      .json()
      .then((body: { error?: { code?: string; message?: string; requestId?: string } }) => body.error)
      .catch(() => undefined);
    throw new ApiError(response.status, error?.code ?? `http_${response.status}`, error?.message ?? response.statusText, undefined, error?.requestId);
  }
  const name = fileNameOf(response, format);
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    link.rel = 'noopener';
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    // Give the browser a moment to start saving, then drop the data from memory.
    window.setTimeout(() => URL.revokeObjectURL(url), 1_000);
  }
  return name;
}

export function ExportPanel() {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [format, setFormat] = useState('xlsx');
  const [headers, setHeaders] = useState<'en' | 'fr'>('en');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState(false);
  const [done, setDone] = useState<string | null>(null);

  const run = useAction(async () => {
    await api.post('/api/auth/reauthenticate', { password });
    setPassword('');
    setDone(await download(format, headers));
  });

  if (!open) {
    return (
      <div className="button-row export-row">
        <Button onClick={() => { setDone(null); setOpen(true); }} testId="export-open">
          {t('incidents.export.start')}
        </Button>
        {done ? <Alert tone="success" testId="export-done">{t('incidents.export.done', { name: done })}</Alert> : null}
      </div>
    );
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!password) return setMissing(true);
    setMissing(false);
    setDone(null);
    void run.run().then(() => undefined);
  };
  const passwordError = missing ? t('common.required') : fieldError(run.error, 'password', t);
  return (
    <form className="panel form export" onSubmit={submit} noValidate data-testid="export-form" aria-labelledby="export-title">
      <h2 id="export-title">{t('incidents.export.title')}</h2>
      <p className="muted">{t('incidents.export.intro')}</p>
      {run.error && !passwordError ? <Alert tone="error">{describeError(run.error, t)}</Alert> : null}
      {done ? <Alert tone="success" testId="export-done">{t('incidents.export.done', { name: done })}</Alert> : null}
      <SelectField
        label={t('incidents.export.format')}
        value={format}
        onChange={(event) => setFormat(event.target.value)}
        options={[
          { value: 'xlsx', label: 'XLSX (Excel)' },
          { value: 'csv', label: 'CSV' },
        ]}
        testId="export-format"
      />
      <SelectField
        label={t('incidents.export.language')}
        value={headers}
        onChange={(event) => setHeaders(event.target.value === 'fr' ? 'fr' : 'en')}
        options={[
          { value: 'en', label: t('incidents.export.english') },
          { value: 'fr', label: t('incidents.export.french') },
        ]}
        testId="export-language"
      />
      <TextField
        label={t('incidents.export.password')}
        hint={t('survivors.erase.passwordHint')}
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={(event) => setPassword(event.target.value)}
        error={passwordError}
        testId="export-password"
      />
      {run.busy ? <p className="loading" role="status"><span className="loading__spinner" aria-hidden="true" />{t('incidents.export.working')}</p> : null}
      <div className="button-row">
        <Button type="submit" variant="primary" busy={run.busy} testId="export-submit">
          {t('incidents.export.submit')}
        </Button>
        <Button onClick={() => { setOpen(false); setPassword(''); }} testId="export-cancel">
          {t('common.close')}
        </Button>
      </div>
    </form>
  );
}
