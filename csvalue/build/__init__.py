"""The book: chapters executed with papermill, the Jupyter Book build and the PDF."""
