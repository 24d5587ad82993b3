namespace Workflows.Server.Audit;

/// <summary>The names audit records are filed under; one place, so the search and the writers agree.</summary>
public static class AuditActions
{
    public const string SignIn = "auth.sign-in";
    public const string SignInFailed = "auth.sign-in-failed";
    public const string SignOut = "auth.sign-out";
    public const string Lockout = "auth.lockout";
    public const string PasswordChange = "auth.password-change";

    public const string DepartmentCreate = "org.department.create";
    public const string DepartmentRename = "org.department.rename";
    public const string RoleCreate = "org.role.create";
    public const string UserCreate = "org.user.create";
    public const string UserUpdate = "org.user.update";
    public const string UserDelete = "org.user.delete";

    public const string CalendarUpdate = "calendar.update";
    public const string EmailTemplateUpdate = "email.template.update";
    public const string DocumentTemplateUpdate = "document.template.update";

    public const string DefinitionCreate = "definition.create";
    public const string DefinitionSave = "definition.save";
    public const string DefinitionPublish = "definition.publish";
    public const string DefinitionRevert = "definition.revert";
    public const string DefinitionImport = "definition.import";
    public const string DefinitionDelete = "definition.delete";
    public const string DefinitionUnpublish = "definition.unpublish";
    public const string ApiKeyIssue = "trigger.api-key.issue";
    public const string ApiKeyRevoke = "trigger.api-key.revoke";
    public const string DefinitionArchive = "definition.archive";
    public const string DefinitionRestore = "definition.restore";

    public const string OutboxRetry = "email.outbox.retry";
    public const string InstanceCancel = "instance.cancel";
    public const string InstanceRetry = "instance.retry";
    public const string InstanceSignal = "instance.signal";
    /// <summary>调整 of a running matter (改派, 延期, 跳转, a variable set); the details carry the reason.</summary>
    public const string InstanceReassign = "instance.adjust.reassign";
    public const string InstanceDueDate = "instance.adjust.due-date";
    public const string InstanceJump = "instance.adjust.jump";
    public const string InstanceVariable = "instance.adjust.variable";
    /// <summary>迁移 of one matter to another version (one record per matter moved, from the single or the bulk form).</summary>
    public const string InstanceMigrate = "instance.migrate";
    /// <summary>A bulk 迁移 of a definition's matters: one record summing it up, besides one per matter moved.</summary>
    public const string DefinitionMigrate = "definition.migrate";
    /// <summary>An administrator opened a task that is not theirs.</summary>
    public const string TaskReadByAdmin = "task.read-by-admin";
}
