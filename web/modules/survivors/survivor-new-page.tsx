/*
 * Register a survivor (/survivors/new), then go straight to consent: nothing else should
 * happen before the survivor has said what she or he agrees to.
 * testids: see survivor-form.tsx
 */
import { useI18n } from '../../app/i18n';
import { navigate } from '../../app/router';
import { Page } from '../../ui/page';
import { SurvivorForm } from './survivor-form';

export function SurvivorNewPage() {
  const { t } = useI18n();
  return (
    <Page title={t('survivors.newTitle')} intro={t('survivors.newIntro')} narrow>
      <SurvivorForm onSaved={(created) => navigate(`/survivors/${created.id}?step=consent`, { replace: true })} onCancel={() => navigate('/survivors')} />
    </Page>
  );
}
