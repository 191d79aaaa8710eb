import { useTranslation } from 'react-i18next';
import { useSignedInSession } from '../session/session-query';
import { useTeam } from '../team/team-query';

/**
 * Who recorded something: the owner knows the team's names; a practitioner sees their own name and
 * "practitioner" for colleagues (the team list is the owner's).
 */
export function usePractitionerName(): (id: string) => string {
  const { t } = useTranslation();
  const { staff } = useSignedInSession();
  const team = useTeam(staff.role === 'owner');
  return (id) => {
    if (id === staff.id) return staff.name;
    return team.data?.find((member) => member.id === id)?.name ?? t('dossier.practitioner');
  };
}
