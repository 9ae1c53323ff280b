import { useT } from '../../app/i18n';
import { Link } from '../../app/router';
import { Page } from '../../ui/page';

export function NotFoundPage() {
  const t = useT();
  return (
    <Page title={t('notFound.title')} intro={t('notFound.body')}>
      <p>
        <Link to="/">{t('notFound.home')}</Link>
      </p>
    </Page>
  );
}
