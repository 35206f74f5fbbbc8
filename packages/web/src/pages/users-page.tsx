// 用户与角色 (administrators): accounts, their role and scope (city, district for district editors, department for
// department users); create with a password shown once, change role, disable, reset a password.
import Alert from 'antd/es/alert';
import AntApp from 'antd/es/app';
import Button from 'antd/es/button';
import Card from 'antd/es/card';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Modal from 'antd/es/modal';
import Select from 'antd/es/select';
import Space from 'antd/es/space';
import Tag from 'antd/es/tag';
import { useState } from 'react';
import { authApi, type User } from '../auth-api.js';
import { useApp } from '../app-context.js';
import { DataTable } from '../components/data-table.js';
import { formatTime } from '../format.js';
import { useI18n } from '../i18n.js';
import { canManageUsers, useSession } from '../session.js';
import { useAsync } from '../use-async.js';

const ROLES = ['administrator', 'city-analyst', 'district-editor', 'department-user', 'viewer', 'public'] as const;
const DEPARTMENTS = [
  'statistics',
  'housing',
  'natural-resources',
  'finance',
  'provident-fund',
  'public-security',
] as const;

interface NewUserValues {
  login: string;
  displayName: string;
  role: string;
  districtCode?: string;
  department?: string;
}

export function UsersPage() {
  const { t, lang } = useI18n();
  const a = t.auth;
  const app = useApp();
  const session = useSession();
  const { message } = AntApp.useApp();
  const users = useAsync(() => (canManageUsers(session) ? authApi.users() : undefined), [session]);
  const [shown, setShown] = useState<{ login: string; password: string } | undefined>(undefined);
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<NewUserValues>();
  const role = Form.useWatch('role', form);
  const districts = app.units.filter((u) => u.level === 'district');

  if (!canManageUsers(session)) return <Alert type="warning" showIcon title={a.notAllowed} />;

  const run = async (work: () => Promise<unknown>): Promise<void> => {
    try {
      await work();
      void message.success(a.saved);
      users.reload();
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    }
  };
  const create = async (v: NewUserValues): Promise<void> => {
    try {
      const r = await authApi.createUser({
        login: v.login,
        displayName: v.displayName,
        role: v.role,
        cityCode: v.role === 'administrator' ? null : app.city.cityCode,
        districtCode: v.role === 'district-editor' ? (v.districtCode ?? null) : null,
        department: v.role === 'department-user' ? (v.department ?? null) : null,
      });
      setCreating(false);
      form.resetFields();
      if (r.password !== null) setShown({ login: r.user.login, password: r.password });
      users.reload();
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={a.users}
        extra={
          <Button type="primary" data-testid="add-user" onClick={() => setCreating(true)}>
            {a.addUser}
          </Button>
        }
      >
        <DataTable<User>
          testId="users-table"
          rowKey="userId"
          loading={users.loading}
          dataSource={users.data ?? []}
          columns={[
            { title: a.login, dataIndex: 'login' },
            { title: a.displayName, dataIndex: 'displayName' },
            {
              title: a.role,
              dataIndex: 'role',
              render: (r: string, u) => (
                <Select
                  size="small"
                  style={{ width: 130 }}
                  value={r}
                  data-testid={`role-${u.login}`}
                  options={ROLES.map((x) => ({ value: x, label: a.roles[x] }))}
                  onChange={(next: string) => void run(() => authApi.updateUser(u.userId, { role: next }))}
                />
              ),
            },
            { title: a.cityCode, dataIndex: 'cityCode', render: (c: string | null) => c ?? '' },
            {
              title: a.districtCode,
              dataIndex: 'districtCode',
              render: (c: string | null) => (c === null ? '' : `${app.unitName(c)} ${c}`),
            },
            {
              title: a.department,
              dataIndex: 'department',
              render: (d: string | null) => (d === null ? '' : (a.departments[d] ?? d)),
            },
            {
              title: a.state,
              key: 'state',
              render: (_: unknown, u) =>
                u.disabledAt !== null ? (
                  <Tag>{a.disabled}</Tag>
                ) : u.lockedUntil !== null && new Date(u.lockedUntil) > new Date() ? (
                  <Tag color="red">{a.locked}</Tag>
                ) : (
                  <Tag color="green">{a.active}</Tag>
                ),
            },
            { title: a.at, dataIndex: 'createdAt', render: (s: string) => formatTime(s, lang) },
            {
              title: '',
              key: 'actions',
              render: (_: unknown, u) => (
                <Space>
                  <Button
                    size="small"
                    onClick={() => void run(() => authApi.updateUser(u.userId, { disabled: u.disabledAt === null }))}
                  >
                    {u.disabledAt === null ? a.disable : a.enable}
                  </Button>
                  <Button
                    size="small"
                    onClick={() =>
                      void authApi.resetPassword(u.userId).then(
                        (r) => r.password !== null && setShown({ login: u.login, password: r.password }),
                        (e: unknown) => void message.error(e instanceof Error ? e.message : String(e)),
                      )
                    }
                  >
                    {a.resetPassword}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Modal
        open={creating}
        title={a.addUser}
        okText={a.create}
        onOk={() => form.submit()}
        onCancel={() => setCreating(false)}
        okButtonProps={{ 'data-testid': 'create-user' } as Record<`data-${string}`, string>}
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={(v: NewUserValues) => void create(v)}
          initialValues={{ role: 'viewer' }}
        >
          <Form.Item
            name="login"
            label={a.login}
            rules={[{ required: true, pattern: /^[A-Za-z0-9][A-Za-z0-9._-]{1,62}$/ }]}
          >
            <Input data-testid="new-login" />
          </Form.Item>
          <Form.Item name="displayName" label={a.displayName} rules={[{ required: true }]}>
            <Input data-testid="new-name" />
          </Form.Item>
          <Form.Item name="role" label={a.role}>
            <Select data-testid="new-role" options={ROLES.map((x) => ({ value: x, label: a.roles[x] }))} />
          </Form.Item>
          {role === 'district-editor' ? (
            <Form.Item name="districtCode" label={a.districtCode} rules={[{ required: true }]}>
              <Select
                data-testid="new-district"
                options={districts.map((d) => ({
                  value: d.unitCode,
                  label: `${app.unitName(d.unitCode)} ${d.unitCode}`,
                }))}
              />
            </Form.Item>
          ) : null}
          {role === 'department-user' ? (
            <Form.Item name="department" label={a.department} rules={[{ required: true }]}>
              <Select options={DEPARTMENTS.map((d) => ({ value: d, label: a.departments[d] }))} />
            </Form.Item>
          ) : null}
        </Form>
      </Modal>
      <Modal open={shown !== undefined} footer={null} onCancel={() => setShown(undefined)} title={a.newPassword}>
        <p>
          {shown?.login}: <code data-testid="shown-password">{shown?.password}</code>
        </p>
      </Modal>
    </Space>
  );
}
