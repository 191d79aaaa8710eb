import { useTranslation } from 'react-i18next';
import { useTeam } from '../team/team-query';

/** The log holds ids only; the owner sees names from the team list. */
export function useStaffName(): (id: string | null) => string {
  const { t } = useTranslation();
  const team = useTeam();
  return (id) => {
    if (id === null) return t('audit.system');
    return team.data?.find((member) => member.id === id)?.name ?? id.slice(0, 8);
  };
}
