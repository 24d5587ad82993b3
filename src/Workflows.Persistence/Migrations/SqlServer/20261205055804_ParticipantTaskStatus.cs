using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workflows.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class ParticipantTaskStatus : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "InstanceId",
                table: "TaskParticipants",
                type: "nvarchar(128)",
                maxLength: 128,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "TaskClosedAt",
                table: "TaskParticipants",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TaskStatus",
                table: "TaskParticipants",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            // Rows written before: their task's matter, and how and when it closed, as the store now writes them; then the
            // index, built once.
            migrationBuilder.Sql("UPDATE p SET [TaskStatus] = t.[Status], [TaskClosedAt] = t.[ClosedAt], [InstanceId] = t.[InstanceId] FROM [TaskParticipants] AS p JOIN [Tasks] AS t ON t.[Id] = p.[TaskId];");

            migrationBuilder.CreateIndex(
                name: "IX_TaskParticipants_Kind_Value_TaskStatus_TaskClosedAt_TaskId_InstanceId",
                table: "TaskParticipants",
                columns: new[] { "Kind", "Value", "TaskStatus", "TaskClosedAt", "TaskId", "InstanceId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_TaskParticipants_Kind_Value_TaskStatus_TaskClosedAt_TaskId_InstanceId",
                table: "TaskParticipants");

            migrationBuilder.DropColumn(
                name: "InstanceId",
                table: "TaskParticipants");

            migrationBuilder.DropColumn(
                name: "TaskClosedAt",
                table: "TaskParticipants");

            migrationBuilder.DropColumn(
                name: "TaskStatus",
                table: "TaskParticipants");
        }
    }
}
