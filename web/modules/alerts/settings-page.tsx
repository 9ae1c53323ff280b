/**
 * Alert settings (/alerts/settings): each section shows only to those who may use it, as the
 * server decides the same (channels: alerts.configure; focal points: alerts.focal_points;
 * response targets, outbound SMS and on-call numbers: alerts.targets; outgoing messages:
 * alerts.targets or alerts.configure).
 *
 * testids: alert-settings-page, alert-settings-nav
 */
import { useI18n } from '../../app/i18n';
import { useSession } from '../../app/session';
import { Page } from '../../ui/page';
import { ChannelsSection } from './channels-section';
import { FocalPointsSection } from './focal-points-section';
import { OutboxSection } from './outbox-section';
import { OutboundSection } from './targets-outbound';
import { TargetsSection } from './targets-section';
import './alert-admin.css';

export function AlertSettingsPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const sections = [
    { id: 'channels', show: can('alerts.configure'), label: t('alertAdmin.channels.title'), render: () => <ChannelsSection /> },
    { id: 'focal-points', show: can('alerts.focal_points'), label: t('alertAdmin.focal.title'), render: () => <FocalPointsSection /> },
    { id: 'targets', show: can('alerts.targets'), label: t('alertAdmin.targets.title'), render: () => <TargetsSection /> },
    { id: 'outbound', show: can('alerts.targets'), label: t('alertAdmin.outbound.title'), render: () => <OutboundSection /> },
    { id: 'outbox', show: can('alerts.targets') || can('alerts.configure'), label: t('alertAdmin.outbox.title'), render: () => <OutboxSection /> },
  ].filter((section) => section.show);

  return (
    <Page title={t('alertAdmin.settings.title')} intro={t('alertAdmin.settings.intro')}>
      <div data-testid="alert-settings-page">
        {sections.length > 1 ? (
          <nav className="aa-jump" aria-label={t('alertAdmin.settings.jump')} data-testid="alert-settings-nav">
            <ul>
              {sections.map((section) => (
                <li key={section.id}>
                  <a href={`#settings-${section.id}`}>{section.label}</a>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
        {sections.map((section) => (
          <div key={section.id} id={`settings-${section.id}`} className="aa-anchor">
            {section.render()}
          </div>
        ))}
      </div>
    </Page>
  );
}
