// Errors in the shape Azure DevOps answers them:
//   { "$id": "1", "innerException": null, "message": "TFxxxxx: …", "typeName": "Namespace.Type, Assembly",
//     "typeKey": "Type", "errorCode": 0, "eventId": 3000 }
// Every refusal of the API goes through AdoError so that the shape is the same everywhere. Clients
// are told to match on the status and typeKey; the message texts marked "emulator wording" in the
// README are not the service's own.

const WIT = 'Microsoft.TeamFoundation.WorkItemTracking.Server';
const FRAMEWORK = 'Microsoft.TeamFoundation.Framework.Server';
const WEBAPI = 'Microsoft.VisualStudio.Services.WebApi';

// typeKey → fully qualified typeName. Unlisted keys get a Work Item Tracking server name.
const TYPE_NAMES = {
  UnauthorizedRequestException: `${FRAMEWORK}.UnauthorizedRequestException, ${FRAMEWORK}`,
  RequestBlockedException: `${FRAMEWORK}.RequestBlockedException, ${FRAMEWORK}`,
  ProjectDoesNotExistWithNameException:
    'Microsoft.TeamFoundation.Core.WebApi.ProjectDoesNotExistWithNameException, Microsoft.TeamFoundation.Core.WebApi',
  ProjectDoesNotExistException:
    'Microsoft.TeamFoundation.Core.WebApi.ProjectDoesNotExistException, Microsoft.TeamFoundation.Core.WebApi',
  VssVersionNotSpecifiedException: `${WEBAPI}.VssVersionNotSpecifiedException, ${WEBAPI}`,
  VssVersionOutOfRangeException: `${WEBAPI}.VssVersionOutOfRangeException, ${WEBAPI}`,
  VssInvalidPreviewVersionException: `${WEBAPI}.VssInvalidPreviewVersionException, ${WEBAPI}`,
  VssRequestContentTypeNotSupportedException: `${WEBAPI}.VssRequestContentTypeNotSupportedException, ${WEBAPI}`,
  VssServiceException:
    'Microsoft.VisualStudio.Services.Common.VssServiceException, Microsoft.VisualStudio.Services.Common',
  VssPropertyValidationException: `${WEBAPI}.VssPropertyValidationException, ${WEBAPI}`,
  HttpException: 'System.Web.HttpException, System.Web',
  ArgumentException: 'System.ArgumentException, mscorlib',
  ArgumentNullException: 'System.ArgumentNullException, mscorlib',
  WorkItemTrackingFieldDefinitionNotFoundException: `${WIT}.Metadata.WorkItemTrackingFieldDefinitionNotFoundException, ${WIT}`,
  WorkItemTypeNotFoundException: `${WIT}.Metadata.WorkItemTypeNotFoundException, ${WIT}`,
  WorkItemTypeCategoryNotFoundException: `${WIT}.Metadata.WorkItemTypeCategoryNotFoundException, ${WIT}`,
  TestObjectNotFoundException:
    'Microsoft.TeamFoundation.TestManagement.WebApi.TestObjectNotFoundException, Microsoft.TeamFoundation.TestManagement.WebApi',
  AccessCheckException:
    'Microsoft.VisualStudio.Services.Security.AccessCheckException, Microsoft.VisualStudio.Services.WebApi',
};

export class AdoError extends Error {
  /**
   * @param {number} status HTTP status
   * @param {string} typeKey e.g. "RuleValidationException"
   * @param {string} message the client-facing message ("TF401320: …")
   */
  constructor(status, typeKey, message, { errorCode = 0, eventId = 3000, headers = {}, customProperties } = {}) {
    super(message);
    this.status = status;
    this.typeKey = typeKey;
    this.errorCode = errorCode;
    this.eventId = eventId;
    this.headers = headers;
    this.customProperties = customProperties;
  }

  body() {
    return {
      $id: '1',
      ...(this.customProperties ? { customProperties: this.customProperties } : {}),
      innerException: null,
      message: this.message,
      typeName: TYPE_NAMES[this.typeKey] ?? `${WIT}.${this.typeKey}, ${WIT}`,
      typeKey: this.typeKey,
      errorCode: this.errorCode,
      eventId: this.eventId,
    };
  }
}

// ---- the errors the emulator raises, in one place --------------------------------------------

export const badRequest = (message, typeKey = 'ArgumentException') => new AdoError(400, typeKey, message);

export const unauthorized = (user = '') =>
  new AdoError(
    401,
    'UnauthorizedRequestException',
    `TF400813: The user '${user}' is not authorized to access this resource.`,
  );

export const projectNotFound = (name) =>
  new AdoError(
    404,
    'ProjectDoesNotExistWithNameException',
    `TF200016: The following project does not exist: ${name}. Verify that the name of the project is correct and that the project exists on the specified Azure DevOps Server.`,
  );

export const workItemNotFound = (id, status = 404) =>
  new AdoError(
    status,
    'WorkItemUnauthorizedAccessException',
    `TF401232: Work item ${id} does not exist, or you do not have permissions to read it.`,
    { errorCode: 600222 },
  );

export const fieldNotFound = (name) =>
  new AdoError(400, 'WorkItemTrackingFieldDefinitionNotFoundException', `TF51535: Cannot find field ${name}.`, {
    errorCode: 600000,
  });

export const typeNotFound = (type, project) =>
  new AdoError(
    404,
    'WorkItemTypeNotFoundException',
    `VS402323: Work item type ${type} does not exist in project ${project} or you do not have permission to access it.`,
  );

/** TF401320 with the per-field detail the service attaches under customProperties. */
export function ruleError(field, fieldName, flags) {
  const message = `TF401320: Rule Error for field ${fieldName}. Error code: ${flags.join(', ')}.`;
  return new AdoError(400, 'RuleValidationException', message, {
    errorCode: 600171,
    eventId: 3200,
    customProperties: {
      RuleValidationErrors: [
        {
          fieldReferenceName: field,
          fieldStatusFlags: flags.map((f) => f.toLowerCase()).join(', '),
          errorMessage: message,
        },
      ],
    },
  });
}

export const invalidTreePath = (id, field) =>
  new AdoError(
    400,
    'WorkItemTrackingTreeNodeNotFoundException',
    `TF401347: Invalid tree name given for work item ${id}, field '${field}'.`,
    {
      errorCode: 600171,
      eventId: 3200,
    },
  );

export const revConflict = () =>
  new AdoError(
    412,
    'WorkItemRevisionMismatchException',
    'TF26071: This work item has been changed by someone else since you opened it. You will need to refresh it and discard your changes.',
  );

export const tooManyIds = (count, limit) =>
  new AdoError(
    400,
    'ArgumentException',
    `VS403474: The number of work items requested (${count}) exceeds the limit of ${limit}.`,
  );

export const notImplementedRoute = (path) =>
  new AdoError(
    404,
    'HttpException',
    `The controller for path '${path}' was not found or does not implement IController.`,
    {
      eventId: 0,
    },
  );

export const methodNotAllowed = (method) =>
  new AdoError(405, 'HttpException', `The requested resource does not support http method '${method}'.`, {
    eventId: 0,
  });

export const throttled = (headers) =>
  new AdoError(
    429,
    'RequestBlockedException',
    "TF400733: The request has been canceled: Request was blocked due to exceeding usage of resource 'WorkItemTrackingResource' in namespace 'User'.",
    { headers },
  );
