// 登录: only in accounts mode. The password goes to POST /api/auth/login; the session lives in an HttpOnly cookie.
import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import Card from 'antd/es/card';
import ConfigProvider from 'antd/es/config-provider';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import zhCN from 'antd/es/locale/zh_CN';
import { useState } from 'react';
import { authApi, setAuthApiLang, type Me } from '../auth-api.js';
import { makeI18n, type Lang } from '../i18n.js';

function storedLang(): Lang {
  try {
    return window.localStorage.getItem('anju.lang') === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

export function LoginPage({ onSignedIn }: { readonly onSignedIn: (me: Me) => void }) {
  const [lang, setLang] = useState<Lang>(storedLang);
  const { t } = makeI18n(lang);
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const submit = async (values: { login: string; password: string }): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      onSignedIn(await authApi.login(values.login, values.password));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const switchLang = (): void => {
    const next = lang === 'zh' ? 'en' : 'zh';
    setLang(next);
    setAuthApiLang(next);
    try {
      window.localStorage.setItem('anju.lang', next);
    } catch {
      // private mode
    }
  };
  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : undefined} theme={{ token: { colorPrimary: '#1d5fbf' } }}>
      <div
        style={{
          minHeight: '100vh',
          display: 'flex',
          alignItems: 'center',
          justifyContent: 'center',
          background: '#f5f7fa',
        }}
      >
        <Card
          style={{ width: 380 }}
          title={
            <span>
              <span style={{ color: '#1d5fbf', fontWeight: 700, marginRight: 8 }}>{t.appName}</span>
              {t.auth.signInTitle}
            </span>
          }
          extra={
            <Button size="small" onClick={switchLang} data-testid="login-lang">
              {t.switchLang}
            </Button>
          }
        >
          <p style={{ color: '#8c8c8c', fontSize: 13 }}>{t.auth.signInHint}</p>
          {error === undefined ? null : (
            <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" />
          )}
          <Form layout="vertical" onFinish={(v: { login: string; password: string }) => void submit(v)}>
            <Form.Item name="login" label={t.auth.login} rules={[{ required: true }]}>
              <Input autoComplete="username" data-testid="login-name" />
            </Form.Item>
            <Form.Item name="password" label={t.auth.password} rules={[{ required: true }]}>
              <Input.Password autoComplete="current-password" data-testid="login-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">
              {t.auth.signIn}
            </Button>
          </Form>
        </Card>
      </div>
    </ConfigProvider>
  );
}
