import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { admin, auth } from '../../api/endpoints';
import type { AdminUser } from '../../api/types';
import { useSession } from '../../auth/session';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { Pagination } from '../../components/Pagination';
import { formatTime } from '../../lib/format';
import { NotificationDeliveries } from './NotificationDeliveries';

const PAGE_SIZE = 20;

type Action = 'unlock' | 'disable' | 'enable' | 'invalidate';

export function AdminPage() {
  const { user } = useSession();
  const queryClient = useQueryClient();
  const [page, setPage] = useState(1);
  // Disabling and invalidating sign the user out everywhere: they are confirmed first.
  const [confirming, setConfirming] = useState<{ action: 'disable' | 'invalidate'; target: AdminUser } | null>(null);
  const [message, setMessage] = useState('');
  const users = useQuery({
    queryKey: ['admin-users', page],
    queryFn: () => admin.users(PAGE_SIZE, (page - 1) * PAGE_SIZE),
    enabled: user?.role === 'admin',
  });
  const act = useMutation({
    mutationFn: async ({ action, target }: { action: Action; target: AdminUser }) => {
      if (action === 'unlock') return admin.unlock(target.id);
      if (action === 'disable') return admin.disable(target.id);
      if (action === 'enable') return admin.enable(target.id);
      return auth.invalidateAllTokens(target.id);
    },
    onSuccess: (answer, { target }) => {
      setMessage(`${target.username}: ${answer.message}.`);
      void queryClient.invalidateQueries({ queryKey: ['admin-users'] });
    },
    onSettled: () => setConfirming(null),
  });

  if (user?.role !== 'admin') {
    return (
      <section>
        <PageTitle title="Administration">Administration</PageTitle>
        <p className="alert alert-error" role="alert">
          Only administrators can manage users.
        </p>
      </section>
    );
  }

  return (
    <section className="admin">
      <PageTitle title="Administration">Users</PageTitle>
      {users.isPending && <Loading />}
      <ErrorAlert error={users.error} />
      <ErrorAlert error={act.error} title="The change was not made" />
      <p role="status">{message}</p>
      {users.data && (
        <>
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">Users, their role, state and lock</caption>
              <thead>
                <tr>
                  <th scope="col">User</th>
                  <th scope="col">Role</th>
                  <th scope="col">State</th>
                  <th scope="col">Created</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {users.data.data.users.map((u) => (
                  <tr key={u.id}>
                    <th scope="row">
                      {u.username}
                      <span className="small muted"> {u.email}</span>
                    </th>
                    <td>{u.role}</td>
                    <td>
                      {u.is_active ? <span className="badge score-good">Active</span> : <span className="badge score-poor">Disabled</span>}{' '}
                      {u.locked && <span className="badge badge-warning">Locked until {formatTime(u.locked_until)}</span>}
                    </td>
                    <td>{formatTime(u.created_at)}</td>
                    <td className="row-actions">
                      {u.locked && (
                        <button type="button" className="button-small" onClick={() => act.mutate({ action: 'unlock', target: u })} aria-label={`Unlock ${u.username}`}>
                          Unlock
                        </button>
                      )}
                      {u.id !== user.id &&
                        (u.is_active ? (
                          <button
                            type="button"
                            className="button-small button-danger-quiet"
                            onClick={() => setConfirming({ action: 'disable', target: u })}
                            aria-label={`Disable ${u.username}`}
                          >
                            Disable
                          </button>
                        ) : (
                          <button type="button" className="button-small" onClick={() => act.mutate({ action: 'enable', target: u })} aria-label={`Enable ${u.username}`}>
                            Enable
                          </button>
                        ))}
                      {u.id !== user.id && (
                        <button
                          type="button"
                          className="button-small button-secondary"
                          onClick={() => setConfirming({ action: 'invalidate', target: u })}
                          aria-label={`Invalidate every token of ${u.username}`}
                        >
                          Invalidate tokens
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination page={page} pageSize={PAGE_SIZE} total={users.data.data.total} onPage={setPage} label="User pages" />
        </>
      )}
      <NotificationDeliveries />
      <ConfirmDialog
        open={confirming !== null}
        title={confirming?.action === 'disable' ? `Disable ${confirming.target.username}?` : `Invalidate every token of ${confirming?.target.username ?? ''}?`}
        confirmLabel={confirming?.action === 'disable' ? 'Disable the account' : 'Invalidate the tokens'}
        danger
        busy={act.isPending}
        onConfirm={() => confirming && act.mutate(confirming)}
        onCancel={() => setConfirming(null)}
      >
        <p>
          {confirming?.action === 'disable'
            ? 'Every session of this account ends at once, and it cannot sign in until it is enabled again.'
            : 'Every session of this account ends at once; its owner signs in again.'}
        </p>
      </ConfirmDialog>
    </section>
  );
}
