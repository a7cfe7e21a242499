import { render, screen } from '@testing-library/react';
import { ApiError } from '../api/errors';
import { ErrorAlert } from './ErrorAlert';

describe('an error shown to the user', () => {
  it('carries the problem+json detail and the field errors', () => {
    const error = new ApiError(422, {
      detail: 'The project is not valid.',
      errors: [{ field: 'domains', message: 'Choose at most 3 domains.' }],
    });
    render(<ErrorAlert error={error} title="The project was not created" />);
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('The project was not created');
    expect(alert).toHaveTextContent('The project is not valid.');
    expect(alert).toHaveTextContent('domains: Choose at most 3 domains.');
  });

  it('says something useful when the service sent no detail, and nothing without an error', () => {
    const { container, rerender } = render(<ErrorAlert error={null} />);
    expect(container).toBeEmptyDOMElement();
    rerender(<ErrorAlert error={new ApiError(503, {})} />);
    expect(screen.getByRole('alert')).toHaveTextContent('The service failed (HTTP 503). Try again in a moment.');
  });
});
