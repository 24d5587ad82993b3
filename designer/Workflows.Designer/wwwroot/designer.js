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
};
