/**
 * The referrals sent from one case, on the case page: where each stands, with a link.
 *
 * testids: case-referrals, case-referral-<id>
 */
import type { ReferralListItem } from '../../../core/schemas/referrals';
import { api } from '../../app/api';
import { formatDate } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { Link } from '../../app/router';
import { useLoad } from '../../app/use-load';
import { LoadView } from '../../ui/load-view';

export function CaseReferrals({ caseId, refresh }: { caseId: string; refresh: number }) {
  const { t, lang } = useI18n();
  const list = useLoad(
    (signal) => api.get<{ data: ReferralListItem[] }>('/api/referrals', { query: { direction: 'outgoing', caseId }, signal }),
    [caseId, refresh],
  );
  return (
    <section className="panel" data-testid="case-referrals" aria-labelledby="case-referrals-title">
      <h2 id="case-referrals-title">{t('referrals.ofCase')}</h2>
      <LoadView load={list}>
        {({ data }) =>
          data.length === 0 ? (
            <p className="muted">{t('referrals.ofCaseEmpty')}</p>
          ) : (
            <ul className="timeline">
              {data.map((r) => (
                <li key={r.id}>
                  <Link to={`/referrals/${r.id}`} className="row-link" data-testid={`case-referral-${r.id}`}>
                    {r.service.name} — {r.service.organisationName}
                  </Link>
                  <br />
                  {r.urgent ? <span className="tag tag--urgent">{t('referrals.urgent')}</span> : null}
                  <span className="tag">{t(`referrals.status.${r.status}`)}</span>
                  {r.consentWithdrawn ? <span className="tag tag--warning">{t('referrals.consentWithdrawnShort')}</span> : null}
                  <span className="muted">{t('referrals.sentOn', { date: formatDate(lang, r.createdAt) })}</span>
                </li>
              ))}
            </ul>
          )
        }
      </LoadView>
    </section>
  );
}
