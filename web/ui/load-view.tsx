import type { ReactNode } from 'react';
import { describeError } from '../app/errors';
import { useT } from '../app/i18n';
import type { Load } from '../app/use-load';
import { Alert } from './alert';
import { Button } from './button';
import { Loading } from './loading';

/** Renders a Load: progress first, then the data, or an error that offers to try again. */
export function LoadView<T>({ load, label, children }: { load: Load<T>; label?: string; children: (data: T) => ReactNode }) {
  const t = useT();
  if (load.status === 'error') {
    return (
      <Alert tone="error" actions={<Button onClick={load.reload}>{t('common.retry')}</Button>}>
        {describeError(load.error, t)}
      </Alert>
    );
  }
  if (load.data === undefined) return <Loading label={label} />;
  return (
    <>
      {load.status === 'loading' ? <Loading label={label} /> : null}
      {children(load.data)}
    </>
  );
}
