import { useState, type FormEvent } from 'react';
import type { SessionResponse } from '../../../core/schemas/auth';
import { api } from '../../app/api';
import { fieldError, formError } from '../../app/errors';
import { useT } from '../../app/i18n';
import { useSession, type Notice } from '../../app/session';
import { useAction } from '../../app/use-load';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { Checkbox, TextField } from '../../ui/field';
import { Page } from '../../ui/page';

const FIELDS = ['email', 'password'] as const;

/** Email and password. A wrong pair gets one generic message: no hint of which was wrong. */
export function SignInPage({ notice }: { notice: Notice | null }) {
  const t = useT();
  const { accept } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [showPassword, setShowPassword] = useState(false);
  const [missing, setMissing] = useState<Set<string>>(new Set());
  const login = useAction(async () =>
    accept(await api.post<SessionResponse>('/api/auth/login', { email: email.trim(), password }, { allowUnauthenticated: true })),
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const empty = new Set(FIELDS.filter((field) => !(field === 'email' ? email.trim() : password)));
    setMissing(empty);
    if (empty.size === 0) void login.run();
  };
  const required = (field: string) => (missing.has(field) ? t('common.required') : undefined);
  const alert = formError(login.error, FIELDS, t);

  return (
    <Page title={t('auth.signIn.title')} intro={t('auth.signIn.intro')} narrow>
      {notice && !login.error ? <Alert tone={notice.tone}>{t(notice.key, notice.params)}</Alert> : null}
      {alert ? (
        <Alert tone="error" testId="sign-in-error">
          {alert}
        </Alert>
      ) : null}
      <form className="form" onSubmit={submit} noValidate data-testid="sign-in-form">
        <TextField
          label={t('auth.email')}
          type="email"
          name="email"
          autoComplete="username"
          inputMode="email"
          autoCapitalize="none"
          spellCheck={false}
          dir="ltr"
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          error={required('email') ?? fieldError(login.error, 'email', t)}
          testId="sign-in-email"
        />
        <TextField
          label={t('auth.password')}
          type={showPassword ? 'text' : 'password'}
          name="password"
          autoComplete="current-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          error={required('password') ?? fieldError(login.error, 'password', t)}
          testId="sign-in-password"
        />
        <Checkbox label={t('auth.showPassword')} checked={showPassword} onChange={(e) => setShowPassword(e.target.checked)} />
        <Button type="submit" variant="primary" busy={login.busy} testId="sign-in-submit">
          {login.busy ? t('auth.signIn.busy') : t('auth.signIn.submit')}
        </Button>
      </form>
    </Page>
  );
}
