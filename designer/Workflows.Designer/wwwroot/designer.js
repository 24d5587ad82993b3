// Small browser helpers the designer calls through JS interop.
window.workflowsDesigner = {
    download(fileName, text) {
        const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
        const a = document.createElement("a");
        a.href = url;
        a.download = fileName;
        a.click();
        URL.revokeObjectURL(url);
    },

    // Shows the nodes being dragged at their new place at once, without waiting for the circuit's round trip. The
    // position is the server's own arithmetic (Z.Blazor.Diagrams' DragMovablesBehavior: total pointer movement over
    // the zoom, snapped to the grid, from each node's position at the press), drawn as a transform on the node's
    // content — the element Blazor positions is left to Blazor. Whenever the server's render moves that element the
    // transform shrinks to the remaining difference, so once the server has caught up it is gone; a second after
    // the release it is dropped whatever happened, so the server's position is always what stays. Presses with a
    // modifier key (multi-select, box selection) and presses on a port (drawing a link) are left to the server alone.
    previewDrags(canvas, gridSize) {
        const snap = n => gridSize * Math.floor((n + gridSize / 2.0) / gridSize);
        const zoomOf = layer => {
            const scale = /scale\(([^)]+)\)/.exec(layer?.style.transform ?? "");
            return scale ? parseFloat(scale[1]) : 1;
        };
        const place = node => {
            const dx = node.left - parseFloat(node.el.style.left);
            const dy = node.top - parseFloat(node.el.style.top);
            node.shown.style.transform = dx || dy ? `translate(${dx}px, ${dy}px)` : "";
        };
        const settle = nodes => {
            for (const node of nodes) {
                node.observer.disconnect();
                node.shown.style.transform = "";
            }
        };
        let drag = null;
        let settling = [];
        canvas.addEventListener("pointerdown", e => {
            settle(settling);
            settling = [];
            drag = null;
            if (e.button !== 0 || e.ctrlKey || e.shiftKey || e.altKey || e.metaKey || e.target.closest(".diagram-port")) {
                return;
            }
            const pressed = e.target.closest(".diagram-node");
            const activity = pressed?.querySelector(".activity-node");
            if (!activity) {
                return;
            }
            // Pressing a selected node drags the whole selection; pressing another selects it alone.
            const moving = activity.classList.contains("selected")
                ? [...canvas.querySelectorAll(".activity-node.selected")]
                : [activity];
            drag = {
                x: e.clientX,
                y: e.clientY,
                zoom: zoomOf(pressed.parentElement),
                nodes: moving.map(shown => {
                    const el = shown.closest(".diagram-node");
                    const node = { el, shown, fromLeft: parseFloat(el.style.left), fromTop: parseFloat(el.style.top) };
                    node.left = node.fromLeft;
                    node.top = node.fromTop;
                    node.observer = new MutationObserver(() => place(node));
                    node.observer.observe(el, { attributes: true, attributeFilter: ["style"] });
                    return node;
                }),
            };
        }, true);
        canvas.addEventListener("pointermove", e => {
            if (!drag) {
                return;
            }
            const dx = (e.clientX - drag.x) / drag.zoom;
            const dy = (e.clientY - drag.y) / drag.zoom;
            for (const node of drag.nodes) {
                node.left = snap(dx + node.fromLeft);
                node.top = snap(dy + node.fromTop);
                place(node);
            }
        }, true);
        const end = () => {
            if (!drag) {
                return;
            }
            const ended = drag.nodes;
            settling = ended;
            drag = null;
            setTimeout(() => settle(ended), 1000);
        };
        canvas.addEventListener("pointerup", end, true);
        canvas.addEventListener("pointercancel", end, true);
    },
};
