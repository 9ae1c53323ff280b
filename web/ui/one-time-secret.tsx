import { useT } from '../app/i18n';
import { Button } from './button';
import { CopyButton } from './copy-button';

export interface OneTimeSecretProps {
  title: string;
  value: string;
  note: string;
  onClose: () => void;
  testId: string;
}

/**
 * A secret shown once (temporary password, API token). It lives only in this component's
 * props: closing it forgets it, and it is never written to storage (DEV-1).
 */
export function OneTimeSecret({ title, value, note, onClose, testId }: OneTimeSecretProps) {
  const t = useT();
  return (
    <section className="secret" aria-label={title}>
      <h2 className="secret__title">{title}</h2>
      <p className="secret__value" data-testid={testId} dir="ltr" translate="no">
        {value}
      </p>
      <div className="button-row">
        <CopyButton value={value} />
        <Button onClick={onClose}>{t('common.close')}</Button>
      </div>
      <p className="secret__note">{note}</p>
    </section>
  );
}
