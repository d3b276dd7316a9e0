import { sortProblems, type ModelProblem } from '../../model/problems.js';
import { describeIssues } from '../../model/schema-issues.js';
import { parseSource, problemAt } from '../../model/source.js';
import { ProcessError } from '../errors.js';
import { checkScenario, type ScenarioModel } from './check.js';
import { Scenario } from './schema.js';

/**
 * Parses and checks a scenario file (YAML or JSON). Scenario files are
 * untrusted input: every problem comes back positioned (file:line:col and
 * the path in the file) and nothing throws. With `model`, references to
 * tags, units and assets are checked too.
 */
export function parseScenario(file: string, text: string, model?: ScenarioModel): { scenario?: Scenario; problems: ModelProblem[] } {
  const { source, problems } = parseSource(file, text);
  if (problems.length > 0) return { problems };
  const parsed = Scenario.safeParse(source.data, { reportInput: true });
  if (!parsed.success) {
    return { problems: sortProblems(describeIssues(parsed.error.issues).map((p) => problemAt(source, p.path, p.message, p.key))) };
  }
  const found = checkScenario(parsed.data, model).map((p) => problemAt(source, p.path, p.message, p.key));
  if (found.length > 0) return { problems: sortProblems(found) };
  return { scenario: parsed.data, problems: [] };
}

/** Like parseScenario, but throws a ProcessError (invalid-scenario) holding every problem. */
export function loadScenario(file: string, text: string, model?: ScenarioModel): Scenario {
  const { scenario, problems } = parseScenario(file, text, model);
  if (!scenario) throw new ProcessError('invalid-scenario', `${problems.length} problems in scenario ${file}`, problems);
  return scenario;
}
