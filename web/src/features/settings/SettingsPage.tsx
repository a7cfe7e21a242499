import { useQuery } from '@tanstack/react-query';
import { notifications, settings, tracker } from '../../api/endpoints';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { ApiKeysForm } from './ApiKeysForm';
import { LimitsForm } from './LimitsForm';
import { TrackerConnectionForm } from '../tracker/TrackerConnectionForm';
import { ModelSettingsForm } from './ModelSettingsForm';
import { NotificationsForm } from './NotificationsForm';

export function SettingsPage() {
  const llm = useQuery({ queryKey: ['settings', 'llm'], queryFn: settings.llm });
  const limits = useQuery({ queryKey: ['settings', 'limits'], queryFn: settings.limits });
  const trackerSettings = useQuery({ queryKey: ['settings', 'tracker'], queryFn: tracker.settings });
  const notificationSettings = useQuery({ queryKey: ['settings', 'notifications'], queryFn: notifications.settings });
  return (
    <section className="settings">
      <PageTitle title="Settings">Settings</PageTitle>
      {llm.isPending && <Loading label="Loading model settings…" />}
      <ErrorAlert error={llm.error} />
      {llm.data && (
        <>
          <ModelSettingsForm current={llm.data.data} />
          <ApiKeysForm current={llm.data.data} />
        </>
      )}
      {limits.isPending && <Loading label="Loading limits…" />}
      <ErrorAlert error={limits.error} />
      {limits.data && <LimitsForm current={limits.data.limits} />}
      {trackerSettings.isPending && <Loading label="Loading the Azure DevOps connection…" />}
      <ErrorAlert error={trackerSettings.error} />
      {trackerSettings.data && <TrackerConnectionForm current={trackerSettings.data} />}
      {notificationSettings.isPending && <Loading label="Loading notification settings…" />}
      <ErrorAlert error={notificationSettings.error} />
      {notificationSettings.data && <NotificationsForm current={notificationSettings.data.data} />}
    </section>
  );
}
