using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workflows.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class DoneOrder : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "DoneAt",
                table: "TaskParticipants",
                type: "datetimeoffset",
                nullable: true);

            // Rows written before: the one who closed a task gets a done row stamped with its close (that burst never
            // projected their part), and other done signers the task's close, or its start while it is still open.
            migrationBuilder.Sql("UPDATE [TaskParticipants] SET [Done] = CAST(1 AS bit), [DoneAt] = (SELECT t.[ClosedAt] FROM [Tasks] t WHERE t.[Id] = [TaskParticipants].[TaskId]) WHERE [Kind] = N'Signer' AND EXISTS (SELECT 1 FROM [Tasks] t WHERE t.[Id] = [TaskParticipants].[TaskId] AND t.[ClosedBy] = [TaskParticipants].[Value]);");
            migrationBuilder.Sql("INSERT INTO [TaskParticipants] ([TaskId], [Kind], [Value], [Active], [Done], [DoneAt]) SELECT t.[Id], N'Signer', t.[ClosedBy], CAST(0 AS bit), CAST(1 AS bit), t.[ClosedAt] FROM [Tasks] t WHERE t.[ClosedBy] IS NOT NULL AND NOT EXISTS (SELECT 1 FROM [TaskParticipants] p WHERE p.[TaskId] = t.[Id] AND p.[Kind] = N'Signer' AND p.[Value] = t.[ClosedBy]);");
            migrationBuilder.Sql("UPDATE [TaskParticipants] SET [DoneAt] = (SELECT COALESCE(t.[ClosedAt], t.[CreatedAt]) FROM [Tasks] t WHERE t.[Id] = [TaskParticipants].[TaskId]) WHERE [Done] = CAST(1 AS bit) AND [DoneAt] IS NULL;");

            migrationBuilder.CreateIndex(
                name: "IX_TaskParticipants_Kind_Value_DoneAt_TaskId",
                table: "TaskParticipants",
                columns: new[] { "Kind", "Value", "DoneAt", "TaskId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_TaskParticipants_Kind_Value_DoneAt_TaskId",
                table: "TaskParticipants");

            migrationBuilder.DropColumn(
                name: "DoneAt",
                table: "TaskParticipants");
        }
    }
}
