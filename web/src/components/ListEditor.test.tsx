import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { ListEditor } from './ListEditor';

function Harness({ initial, onChange }: { initial: string[]; onChange: (items: string[]) => void }) {
  const [items, setItems] = useState(initial);
  return (
    <ListEditor
      label="Acceptance criteria"
      itemLabel="Criterion"
      items={items}
      onChange={(next) => {
        setItems(next);
        onChange(next);
      }}
    />
  );
}

describe('an editable list', () => {
  it('adds, edits, reorders and removes entries, each labelled by its position', async () => {
    const user = userEvent.setup();
    const changes: string[][] = [];
    render(<Harness initial={['Given a', 'Given b']} onChange={(items) => changes.push(items)} />);
    expect(screen.getByRole('group', { name: 'Acceptance criteria' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Add criterion' }));
    await user.type(screen.getByRole('textbox', { name: 'Criterion 3' }), 'Given c');
    await user.click(screen.getByRole('button', { name: 'Move Criterion 3 up' }));
    expect(changes.at(-1)).toEqual(['Given a', 'Given c', 'Given b']);
    await user.click(screen.getByRole('button', { name: 'Remove Criterion 1' }));
    expect(changes.at(-1)).toEqual(['Given c', 'Given b']);
    expect(screen.getByRole('button', { name: 'Move Criterion 1 up' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Move Criterion 2 down' })).toBeDisabled();
  });
});
