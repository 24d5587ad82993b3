using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workflows.Persistence.Migrations.PostgreSql
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
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "TaskCreatedAt",
                table: "TaskParticipants",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            // Rows written before: each takes its task's due date (undated last) and creation, as the store now writes them.
            migrationBuilder.Sql("UPDATE \"TaskParticipants\" p SET \"DueOrder\" = COALESCE(t.\"DueAt\", TIMESTAMPTZ '9999-12-31 00:00:00+00'), \"TaskCreatedAt\" = t.\"CreatedAt\" FROM \"Tasks\" t WHERE t.\"Id\" = p.\"TaskId\";");

            migrationBuilder.CreateIndex(
                name: "IX_TaskParticipants_Kind_Value_Active_DueOrder_TaskCreatedAt_T~",
                table: "TaskParticipants",
                columns: new[] { "Kind", "Value", "Active", "DueOrder", "TaskCreatedAt", "TaskId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_TaskParticipants_Kind_Value_Active_DueOrder_TaskCreatedAt_T~",
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
