using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workflows.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AdminListOrder : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WorkflowInstances_DefinitionId_Status",
                table: "WorkflowInstances");

            migrationBuilder.DropIndex(
                name: "IX_Tasks_Status_DueAt",
                table: "Tasks");

            migrationBuilder.AddColumn<string>(
                name: "DueOrder",
                table: "Tasks",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            // Tasks written before: their due date, undated last, as the store now writes it.
            migrationBuilder.Sql("UPDATE \"Tasks\" SET \"DueOrder\" = COALESCE(\"DueAt\", '9999-12-31 00:00:00.0000000+00:00');");

            migrationBuilder.CreateIndex(
                name: "IX_WorkflowInstances_DefinitionId_Status_CreatedAt_Id",
                table: "WorkflowInstances",
                columns: new[] { "DefinitionId", "Status", "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Tasks_Status_DueOrder_CreatedAt_Id",
                table: "Tasks",
                columns: new[] { "Status", "DueOrder", "CreatedAt", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WorkflowInstances_DefinitionId_Status_CreatedAt_Id",
                table: "WorkflowInstances");

            migrationBuilder.DropIndex(
                name: "IX_Tasks_Status_DueOrder_CreatedAt_Id",
                table: "Tasks");

            migrationBuilder.DropColumn(
                name: "DueOrder",
                table: "Tasks");

            migrationBuilder.CreateIndex(
                name: "IX_WorkflowInstances_DefinitionId_Status",
                table: "WorkflowInstances",
                columns: new[] { "DefinitionId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Tasks_Status_DueAt",
                table: "Tasks",
                columns: new[] { "Status", "DueAt" });
        }
    }
}
