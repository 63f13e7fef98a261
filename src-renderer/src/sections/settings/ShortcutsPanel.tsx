import { Panel } from '../../components/Panel';
import { sectionSpec } from '../../navigation/sections';
import { SECTION_SHORTCUTS } from '../../navigation/shortcuts';

export function ShortcutsPanel() {
  return (
    <Panel title="Keyboard shortcuts" icon="keyboard">
      <table className="shortcuts">
        <caption className="visually-hidden">Keyboard shortcuts</caption>
        <thead className="visually-hidden">
          <tr>
            <th scope="col">Action</th>
            <th scope="col">Keys</th>
          </tr>
        </thead>
        <tbody>
          {SECTION_SHORTCUTS.map((s) => (
            <tr key={s.section}>
              <th scope="row">Go to {sectionSpec(s.section).title}</th>
              <td>
                <kbd>{s.keys}</kbd>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Panel>
  );
}
