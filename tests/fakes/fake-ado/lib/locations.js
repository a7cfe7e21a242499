// Location discovery, which the official clients perform before their first call:
//   OPTIONS {org}/_apis/{area}     → the area's resource locations (id, route template, versions)
//   GET     {org}/_apis/ResourceAreas → where each area lives (an empty list keeps the base URL)
// The client builds every URL by filling the route template of a location id, so these templates
// decide the URLs it sends. They are the service's own where known. resourceVersion is at least the
// version the client asks for, so it keeps its requested api-version.

// The process resources of the work area, as Azure DevOps routes them under _apis.
export const WORK_PROCESSES = 'work/processes';

const L = (id, area, resourceName, routeTemplate, resourceVersion, releasedVersion = '7.1') => ({
  id,
  area,
  resourceName,
  routeTemplate,
  resourceVersion,
  minVersion: '1.0',
  maxVersion: '7.2',
  releasedVersion,
});

export const LOCATIONS = [
  L('e81700f7-3be2-46de-8624-2eb35882fcaa', 'Location', 'ResourceAreas', '_apis/ResourceAreas/{areaId}', 1),
  L('62d3d110-0047-428c-ad3c-4fe872c91c74', 'wit', 'workItems', '{project}/_apis/wit/workItems/${type}', 3),
  L('72c7ddf8-2cdc-4f60-90cd-ab71c14a399b', 'wit', 'workItems', '{project}/_apis/wit/workItems/{id}', 3),
  L('908509b6-4248-4475-a1cd-829139ba419f', 'wit', 'workItemsBatch', '{project}/_apis/wit/workItemsBatch', 1),
  L('1a9c53f7-f243-4447-b110-35ef023636e4', 'wit', 'wiql', '{project}/{team}/_apis/wit/wiql', 2),
  L('7c8d7a76-4a09-43e8-b5df-bd792f4ac6aa', 'wit', 'workItemTypes', '{project}/_apis/wit/workItemTypes/{type}', 2),
  L(
    'bd293ce5-3d25-4192-8e67-e8092e879efb',
    'wit',
    'workItemTypesField',
    '{project}/_apis/wit/workItemTypes/{type}/fields/{field}',
    3,
  ),
  L(
    '7c9d7a76-4a09-43e8-b5df-bd792f4ac6aa',
    'wit',
    'workItemTypeStates',
    '{project}/_apis/wit/workItemTypes/{type}/states',
    1,
  ),
  L(
    '9b9f5734-36c8-415e-ba67-f83b45c31408',
    'wit',
    'workItemTypeCategories',
    '{project}/_apis/wit/workItemTypeCategories/{category}',
    2,
  ),
  L('a70579d1-f53a-48ee-a5be-7be8659023b9', 'wit', 'classificationNodes', '{project}/_apis/wit/classificationNodes', 2),
  L(
    '5a172953-1b41-49d3-840a-33f79c3ce89f',
    'wit',
    'classificationNodes',
    '{project}/_apis/wit/classificationNodes/{structureGroup}/{*path}',
    2,
  ),
  L(
    'f5d33bc9-5b49-4a3c-a9bd-f3cd46dd2165',
    'wit',
    'workItemRelationTypes',
    '_apis/wit/workItemRelationTypes/{relation}',
    2,
  ),
  L('b70d8d39-926c-465e-b927-b1bf0e5ca0e0', 'wit', 'recycleBin', '{project}/_apis/wit/recycleBin/{id}', 2),
  L('603fe2ac-9723-48b9-88ad-09305aa6c6e1', 'core', 'projects', '_apis/projects/{*projectId}', 4),
  // Project properties exist only as a preview resource: a version without "-preview" is refused.
  L('4976a71a-4487-49aa-8aab-a1eda469037a', 'core', 'properties', '_apis/projects/{projectId}/properties', 1, '0.0'),
  L('93878975-88c5-4e6a-8abb-7ddd77a8a7d8', 'core', 'processes', '_apis/process/processes/{*processId}', 1),
  L('02cc6a73-5cfb-427d-8c8e-b49fb086e8af', 'processes', 'processes', `_apis/${WORK_PROCESSES}/{processTypeId}`, 2),
  L(
    'e2e9d1a6-432d-4062-8870-bfcb8c324ad7',
    'processes',
    'workItemTypes',
    `_apis/${WORK_PROCESSES}/{processId}/workItemTypes/{witRefName}`,
    2,
  ),
  L('0e292477-a0c2-47f3-a9b6-34f153d627f4', 'testplan', 'plans', '{project}/_apis/testplan/Plans/{planId}', 1),
  L(
    '1046d5d3-ab61-4ca7-a65a-36118a978256',
    'testplan',
    'suites',
    '{project}/_apis/testplan/Plans/{planId}/Suites/{suiteId}',
    1,
  ),
  L(
    'a9bd61ac-45cf-4d13-9441-43dcd01edf8d',
    'testplan',
    'suiteTestCase',
    '{project}/_apis/testplan/Plans/{planId}/Suites/{suiteId}/TestCase/{testCaseId}',
    3,
  ),
  L(
    '29006fb5-816b-4ff7-a329-599943569229',
    'testplan',
    'testCases',
    '{project}/_apis/testplan/testcases/{testCaseId}',
    1,
  ),
];

/** Resource areas by id, as listed by GET _apis/ResourceAreas in "listed" mode. */
export const RESOURCE_AREAS = [
  { id: '5264459e-e5e0-4bd8-b118-0985e68a4ec5', name: 'wit' },
  { id: '79134c72-4a58-4b42-976c-04e7115f32bf', name: 'core' },
  { id: 'e4c27205-9d23-4c98-b958-d798bc3f9cd4', name: 'testplan' },
];

/** The OPTIONS answer for an area (case-insensitive), or null for an area the emulator lacks. */
export function areaLocations(area) {
  const wanted = String(area).toLowerCase();
  const value = LOCATIONS.filter((l) => l.area.toLowerCase() === wanted);
  return value.length === 0 ? null : { count: value.length, value };
}

/** The released version of the resource serving a route, for the preview check. */
export function releasedVersionOf(locationId) {
  return LOCATIONS.find((l) => l.id === locationId)?.releasedVersion ?? '7.1';
}

export function resourceAreas(mode, orgBase) {
  if (mode !== 'listed') return { count: 0, value: [] };
  const value = RESOURCE_AREAS.map((a) => ({ id: a.id, name: a.name, locationUrl: `${orgBase}/` }));
  return { count: value.length, value };
}
