import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { json, renderScreen, stubApi } from '../../test/render';
import { SignInPage } from './SignInPage';

afterEach(() => vi.unstubAllGlobals());

async function tryToSignIn() {
  const user = userEvent.setup();
  await user.type(await screen.findByLabelText(/^User name or e-mail/), 'ann');
  await user.type(screen.getByLabelText(/^Password/), 'a wrong passphrase');
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('the sign-in screen', () => {
  it('says the account is locked, for how long, and shows the service’s detail', async () => {
    stubApi({ 'POST /api/auth/login': () => json(423, { detail: 'Account locked until 10:15 UTC.', code: 'account_locked' }, { 'Retry-After': '600' }) });
    renderScreen(<SignInPage />, '/sign-in');
    await tryToSignIn();
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('This account is locked after too many failed sign-ins. Try again in 10 minutes, or ask an administrator to unlock it.');
    expect(alert).toHaveTextContent('Account locked until 10:15 UTC.');
    expect(alert).toHaveTextContent('Time left: 10 minutes.');
    // Another account may still sign in from here.
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeDisabled(); // the password was cleared
    await userEvent.setup().type(screen.getByLabelText(/^Password/), 'x');
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeEnabled();
  });

  it('blocks the form while rate limited, with the wait in words', async () => {
    stubApi({ 'POST /api/auth/login': () => json(429, { detail: 'Too many sign-in attempts from your address.', code: 'rate_limited' }, { 'Retry-After': '42' }) });
    renderScreen(<SignInPage />, '/sign-in');
    await tryToSignIn();
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Too many attempts from your network. Please wait 42 seconds before trying again.');
    expect(alert).toHaveTextContent('Too many sign-in attempts from your address.');
    await userEvent.setup().type(screen.getByLabelText(/^Password/), 'again');
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeDisabled();
  });

  it('refuses wrong credentials without saying which part was wrong', async () => {
    stubApi({ 'POST /api/auth/login': () => json(401, { detail: 'Invalid user name or password.', code: 'invalid_credentials' }) });
    renderScreen(<SignInPage />, '/sign-in');
    await tryToSignIn();
    expect(await screen.findByRole('alert')).toHaveTextContent('The user name or password is not right.');
  });
});
