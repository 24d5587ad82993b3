using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workflows.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class OpenOrder : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_TaskParticipants_Kind_Value_Active_TaskId",
                table: "TaskParticipants");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "DueOrder",
                table: "TaskParticipants",
                type: "datetimeoffset",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "TaskCreatedAt",
                table: "TaskParticipants",
                type: "datetimeoffset",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            // Rows written before: each takes its task's due date (undated last) and creation, as the store now writes them.
            migrationBuilder.Sql("UPDATE p SET p.[DueOrder] = COALESCE(t.[DueAt], CAST('9999-12-31T00:00:00+00:00' AS datetimeoffset)), p.[TaskCreatedAt] = t.[CreatedAt] FROM [TaskParticipants] p JOIN [Tasks] t ON t.[Id] = p.[TaskId];");

            migrationBuilder.CreateIndex(
                name: "IX_TaskParticipants_Kind_Value_Active_DueOrder_TaskCreatedAt_TaskId",
                table: "TaskParticipants",
                columns: new[] { "Kind", "Value", "Active", "DueOrder", "TaskCreatedAt", "TaskId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_TaskParticipants_Kind_Value_Active_DueOrder_TaskCreatedAt_TaskId",
                table: "TaskParticipants");

            migrationBuilder.DropColumn(
                name: "DueOrder",
                table: "TaskParticipants");

            migrationBuilder.DropColumn(
                name: "TaskCreatedAt",
                table: "TaskParticipants");

            migrationBuilder.CreateIndex(
                name: "IX_TaskParticipants_Kind_Value_Active_TaskId",
                table: "TaskParticipants",
                columns: new[] { "Kind", "Value", "Active", "TaskId" });
        }
    }
}
