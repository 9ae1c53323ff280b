import { DESTINATIONS } from '../../app/destinations';
import { useT } from '../../app/i18n';
import { Link } from '../../app/router';
import { useSession, useSignedIn } from '../../app/session';
import { Page } from '../../ui/page';

/** Who you are, and what your role lets you open. */
export function HomePage() {
  const t = useT();
  const { user } = useSignedIn();
  const { can } = useSession();
  const reachable = DESTINATIONS.filter((destination) => !destination.permission || can(destination.permission));
  return (
    <Page title={t('home.title', { name: user.displayName })}>
      <p className="page__intro" data-testid="home-identity">
        {t('home.youAre', { role: t(`role.${user.role}`), organisation: user.organisation.name })}
      </p>
      <h2>{t('home.whatYouCanDo')}</h2>
      <ul className="card-list">
        {reachable.map((destination) => (
          <li key={destination.path} className="card">
            <Link to={destination.path} className="card__link" data-testid={`home-${destination.testId}`}>
              {t(destination.label)}
            </Link>
            <p className="card__text">{t(destination.description)}</p>
          </li>
        ))}
      </ul>
    </Page>
  );
}
