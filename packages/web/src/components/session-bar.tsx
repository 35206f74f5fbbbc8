// The header's account corner: who is signed in and with which role (and scope), or a clear 本机模式 label.
import Button from 'antd/es/button';
import Tag from 'antd/es/tag';
import Tooltip from 'antd/es/tooltip';
import { useI18n } from '../i18n.js';
import { useSession } from '../session.js';

export function SessionBar() {
  const { t } = useI18n();
  const session = useSession();
  if (session === undefined) return null;
  if (session.mode === 'local') {
    return (
      <Tooltip title={t.auth.localModeHint}>
        <Tag color="orange" data-testid="local-mode" style={{ marginInlineEnd: 0 }}>
          {t.auth.localMode} · {session.user.login}
        </Tag>
      </Tooltip>
    );
  }
  const u = session.user;
  const scope =
    u.districtCode ?? (u.department === null ? u.cityCode : (t.auth.departments[u.department] ?? u.department));
  return (
    <>
      <span data-testid="current-user" style={{ whiteSpace: 'nowrap', color: '#595959' }}>
        {u.displayName || u.login}
      </span>
      <Tag color="blue" data-testid="current-role" style={{ marginInlineEnd: 0 }}>
        {t.auth.roles[u.role] ?? u.role}
        {scope === null || scope === undefined ? '' : ` · ${scope}`}
      </Tag>
      <Button size="small" data-testid="sign-out" onClick={() => void session.signOut()}>
        {t.auth.signOut}
      </Button>
    </>
  );
}
