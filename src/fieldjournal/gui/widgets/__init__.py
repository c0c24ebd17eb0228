"""Small pieces shared by every screen: icons, date formatting, questions and error messages."""
